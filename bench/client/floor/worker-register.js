navigator.serviceWorker.register('/worker-sw.js');
