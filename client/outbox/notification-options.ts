/** Fields Chromium and Firefox support that TypeScript's DOM library leaves out. */
export interface PageNotificationOptions extends NotificationOptions {
  actions?: { action: string; title: string }[];
  renotify?: boolean;
  requireInteraction?: boolean;
  timestamp?: number;
}

export interface NotificationData {
  incidentId: string | null;
  url: string;
  title: string;
}

export const incidentTag = (incidentId: string | null) => (incidentId ? `incident-${incidentId}` : 'onpoint-test');
