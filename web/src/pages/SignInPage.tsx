import { useState, type FormEvent } from 'react';
import { signIn } from '../api/auth';
import { ApiError, describeError } from '../api/errors';
import { describedBy, Field } from '../components/Field';
import { authNotice, startSession } from '../state/session';
import { navigate } from '../state/router';
import { useStore } from '../state/store';
import { AuthLayout } from './AuthLayout';

export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function SignInPage() {
  const notice = useStore(authNotice);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs: typeof errors = {};
    if (!EMAIL_RE.test(email.trim())) errs.email = 'Enter your email address.';
    if (!password) errs.password = 'Enter your password.';
    setErrors(errs);
    setFormError(null);
    if (errs.email || errs.password) {
      document.getElementById(errs.email ? 'signin-email' : 'signin-password')?.focus();
      return;
    }
    setBusy(true);
    try {
      const res = await signIn({ email: email.trim(), password });
      startSession(res);
      navigate('/', { replace: true });
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.status === 401) setFormError('Wrong email or password.');
      else setFormError(describeError(err));
    }
  }

  return (
    <AuthLayout title="Sign in" subtitle="Welcome back. Your tasks are waiting.">
      {notice && (
        <p className="notice" role="status" data-testid="auth-notice">
          {notice}
        </p>
      )}
      <form onSubmit={submit} noValidate className="auth-form" data-testid="signin-form">
        <Field id="signin-email" label="Email" error={errors.email}>
          <input
            id="signin-email"
            data-testid="signin-email"
            type="email"
            autoComplete="email"
            autoFocus
            required
            value={email}
            aria-invalid={!!errors.email || undefined}
            aria-describedby={describedBy('signin-email', undefined, errors.email)}
            onChange={(e) => setEmail(e.target.value)}
          />
        </Field>
        <Field id="signin-password" label="Password" error={errors.password}>
          <input
            id="signin-password"
            data-testid="signin-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            aria-invalid={!!errors.password || undefined}
            aria-describedby={describedBy('signin-password', undefined, errors.password)}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        {formError && (
          <p className="form-error" role="alert" data-testid="auth-error">
            {formError}
          </p>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="signin-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="auth-switch">
        New here?{' '}
        <a
          href="/sign-up"
          data-testid="goto-signup"
          onClick={(e) => {
            e.preventDefault();
            navigate('/sign-up');
          }}
        >
          Create an account
        </a>
      </p>
    </AuthLayout>
  );
}
