import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setHttpHooks } from './api/client';
import { App } from './App';
import { reportBrowserOnline, reportHttp } from './state/service';
import { currentToken, signOut } from './state/session';
import './styles.css';

setHttpHooks({
  getToken: currentToken,
  onUnauthorized: () => signOut('Your session has expired or is no longer valid. Please sign in again.'),
  onServiceState: reportHttp,
});
window.addEventListener('online', () => reportBrowserOnline(true));
window.addEventListener('offline', () => reportBrowserOnline(false));

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
