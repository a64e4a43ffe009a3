import { useState, type FormEvent } from 'react';
import { signUp } from '../api/auth';
import { ApiError, describeError } from '../api/errors';
import { describedBy, Field } from '../components/Field';
import { navigate } from '../state/router';
import { startSession } from '../state/session';
import { AuthLayout } from './AuthLayout';
import { EMAIL_RE } from './SignInPage';

type Errs = { email?: string; password?: string; name?: string };

export function SignUpPage() {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errs>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function focusFirst(errs: Errs) {
    const first = (['name', 'email', 'password'] as const).find((k) => errs[k]);
    if (first) document.getElementById(`signup-${first}`)?.focus();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const errs: Errs = {};
    if (!EMAIL_RE.test(email.trim())) errs.email = 'Enter a valid email address.';
    if (password.length < 8) errs.password = 'Use at least 8 characters.';
    setErrors(errs);
    setFormError(null);
    if (errs.email || errs.password) return focusFirst(errs);
    setBusy(true);
    try {
      const res = await signUp({ email: email.trim(), password, name });
      startSession(res);
      navigate('/', { replace: true });
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.status === 409) {
        const errs2 = { email: 'An account with this email already exists. Sign in instead?' };
        setErrors(errs2);
        focusFirst(errs2);
      } else if (err instanceof ApiError && err.status === 422 && err.details.length) {
        const fe = err.fieldErrors();
        const errs2: Errs = { email: fe.email, password: fe.password, name: fe.name };
        setErrors(errs2);
        if (!errs2.email && !errs2.password && !errs2.name) setFormError(err.message);
        focusFirst(errs2);
      } else setFormError(describeError(err));
    }
  }

  return (
    <AuthLayout title="Create your account" subtitle="Plan, get reminded, stay on top of things.">
      <form onSubmit={submit} noValidate className="auth-form" data-testid="signup-form">
        <Field id="signup-name" label="Name" hint="Optional" error={errors.name}>
          <input
            id="signup-name"
            data-testid="signup-name"
            type="text"
            autoComplete="name"
            autoFocus
            value={name}
            aria-invalid={!!errors.name || undefined}
            aria-describedby={describedBy('signup-name', 'Optional', errors.name)}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Field id="signup-email" label="Email" error={errors.email}>
          <input
            id="signup-email"
            data-testid="signup-email"
            type="email"
            autoComplete="email"
            required
            value={email}
            aria-invalid={!!errors.email || undefined}
            aria-describedby={describedBy('signup-email', undefined, errors.email)}
            onChange={(e) => setEmail(e.target.value)}
          />
        </Field>
        <Field id="signup-password" label="Password" hint="At least 8 characters." error={errors.password}>
          <input
            id="signup-password"
            data-testid="signup-password"
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            value={password}
            aria-invalid={!!errors.password || undefined}
            aria-describedby={describedBy('signup-password', 'hint', errors.password)}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        {formError && (
          <p className="form-error" role="alert" data-testid="auth-error">
            {formError}
          </p>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="signup-submit">
          {busy ? 'Creating account…' : 'Create account'}
        </button>
      </form>
      <p className="auth-switch">
        Already have an account?{' '}
        <a
          href="/sign-in"
          data-testid="goto-signin"
          onClick={(e) => {
            e.preventDefault();
            navigate('/sign-in');
          }}
        >
          Sign in
        </a>
      </p>
    </AuthLayout>
  );
}
