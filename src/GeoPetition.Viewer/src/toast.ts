// Readable messages over the map: server problems (RFC 9457), network failures and notices.

import { ApiError } from './api';
import { t } from './i18n';

function host(): HTMLElement {
  return document.getElementById('toasts')!;
}

export function showMessage(title: string, text: string, kind: 'error' | 'info' = 'error', timeoutMs?: number): HTMLElement {
  const el = document.createElement('div');
  el.className = `toast ${kind}`;
  el.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  el.dataset.testid = kind === 'error' ? 'error-message' : 'info-message';
  const close = document.createElement('button');
  close.textContent = t('dismiss');
  close.addEventListener('click', () => el.remove());
  const b = document.createElement('b');
  b.textContent = title;
  const body = document.createElement('div');
  body.textContent = text;
  el.append(close, b, body);
  host().prepend(el);
  while (host().children.length > 4) host().lastElementChild!.remove();
  if (timeoutMs) setTimeout(() => el.remove(), timeoutMs);
  return el;
}

/** Shows an error from the API (or anything thrown) under a heading saying what was being done. */
export function showError(context: string, error: unknown): void {
  if ((error as Error)?.name === 'AbortError') return;
  let text: string;
  if (error instanceof ApiError) {
    text = error.status === 0 ? `${t('errorNetwork')}: ${error.message}` : error.message;
  } else {
    text = (error as Error)?.message ?? String(error);
  }
  showMessage(context, text, 'error');
  console.warn(context, error);
}

export function showInfo(text: string): void {
  showMessage('', text, 'info', 3500);
}
