// The frame around sign-in and sign-up.

import type { ReactNode } from 'react';
import { ServiceBanner } from '../components/ServiceBanner';

export function AuthLayout(props: { title: string; subtitle: string; children: ReactNode }) {
  return (
    <div className="auth-page">
      <ServiceBanner />
      <main className="auth-card" aria-labelledby="auth-title">
        <div className="brand brand-large" aria-hidden="true">
          <span className="brand-mark">✓</span>
          <span className="brand-name">Todo Platform</span>
        </div>
        <h1 id="auth-title">{props.title}</h1>
        <p className="auth-subtitle">{props.subtitle}</p>
        {props.children}
      </main>
    </div>
  );
}
