// Routes by session: signed out → sign-in / sign-up; signed in → the tasks page.

import { useEffect } from 'react';
import { Toasts } from './components/Toasts';
import { SignInPage } from './pages/SignInPage';
import { SignUpPage } from './pages/SignUpPage';
import { TasksPage } from './pages/TasksPage';
import { navigate, usePath } from './state/router';
import { useSession } from './state/session';

export function App() {
  const session = useSession();
  const path = usePath();

  useEffect(() => {
    if (!session && path !== '/sign-in' && path !== '/sign-up') navigate('/sign-in', { replace: true });
    if (session && (path === '/sign-in' || path === '/sign-up')) navigate('/', { replace: true });
  }, [session, path]);

  useEffect(() => {
    document.title = session ? 'Tasks · Todo Platform' : path === '/sign-up' ? 'Sign up · Todo Platform' : 'Sign in · Todo Platform';
  }, [session, path]);

  return (
    <>
      {session ? <TasksPage key={session.user.id} session={session} /> : path === '/sign-up' ? <SignUpPage /> : <SignInPage />}
      <Toasts />
    </>
  );
}
