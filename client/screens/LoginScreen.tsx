import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Me } from '../../shared/api.js';
import { api } from '../api.js';
import { Button, ErrorText, inputClass } from '../components/ui.js';
import { keys } from '../queries.js';

export function LoginScreen() {
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: () => api('/api/login', Me, { method: 'POST', body: { email, password } }),
    onSuccess: (me) => client.setQueryData(keys.me, me),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
  };
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-6 p-6">
      <div>
        <h1 className="text-3xl font-bold text-accent">onpoint</h1>
        <p className="text-muted">Log in to get paged and to answer pages.</p>
      </div>
      <form onSubmit={submit} className="flex flex-col gap-4">
        <label className="flex flex-col gap-1">
          <span className="font-medium">Email</span>
          <input
            className={`${inputClass} w-full`}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Password</span>
          <input
            className={`${inputClass} w-full`}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <ErrorText error={login.error} />
        <Button kind="primary" type="submit" disabled={login.isPending}>
          {login.isPending ? 'Logging in…' : 'Log in'}
        </Button>
      </form>
    </main>
  );
}
export default LoginScreen;
