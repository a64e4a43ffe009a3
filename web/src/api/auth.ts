// §3.2 auth routes.

import { http } from './client';
import type { AuthResponse, User } from './types';

export function signUp(input: { email: string; password: string; name?: string }): Promise<AuthResponse> {
  const body: Record<string, string> = { email: input.email, password: input.password };
  if (input.name && input.name.trim()) body.name = input.name.trim();
  return http.request<AuthResponse>('/api/auth/sign-up', { method: 'POST', body, auth: false });
}

export function signIn(input: { email: string; password: string }): Promise<AuthResponse> {
  return http.request<AuthResponse>('/api/auth/sign-in', { method: 'POST', body: input, auth: false });
}

export function me(signal?: AbortSignal): Promise<User> {
  return http.request<User>('/api/auth/me', { signal });
}
