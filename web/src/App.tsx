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

  // signed in, the tasks page names the view it shows ("Today · Todo Platform")
  useEffect(() => {
    if (!session) document.title = path === '/sign-up' ? 'Sign up · Todo Platform' : 'Sign in · Todo Platform';
  }, [session, path]);

  // The page scrolls inside .shell-main; the toasts are docked below it, so
  // they take their own room and never cover the page's controls.
  return (
    <div className="shell">
      <div className="shell-main" id="scroll-root">
        {session ? <TasksPage key={session.user.id} session={session} /> : path === '/sign-up' ? <SignUpPage /> : <SignInPage />}
      </div>
      <Toasts />
    </div>
  );
}
