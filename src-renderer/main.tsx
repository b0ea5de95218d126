import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { bridgeApi } from './lib/api';

const root = document.getElementById('root');
const api = bridgeApi();
if (root) {
  createRoot(root).render(
    <StrictMode>
      {api ? (
        <App api={api} />
      ) : (
        <main className="fatal">
          <h1>Fruxon Access Console</h1>
          <p>This page was opened without the console’s bridge. Start the console app (or the browser host) and open the address it prints.</p>
        </main>
      )}
    </StrictMode>,
  );
}
