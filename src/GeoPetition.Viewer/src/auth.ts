// Sign-in of the viewer. Layers, tiles and imagery are public; petitions need a staff account. The
// bearer token lives in sessionStorage (gone when the tab closes) and goes with every API request.
// The login form appears when there is no token, or when the server says the token has ended (401).

const KEY = 'geopetition.token';

export function token(): string | null {
  return sessionStorage.getItem(KEY);
}

let waiting: Promise<void> | null = null;

/** Resolves once signed in: at once with a stored token, else after the login form succeeds. */
export function signedIn(): Promise<void> {
  if (token()) return Promise.resolve();
  waiting ??= new Promise<void>((resolve) => showForm(resolve));
  return waiting;
}

/** Forgets the token (logout, or a 401) and asks again. */
export function signOut(): void {
  sessionStorage.removeItem(KEY);
  waiting = null;
  document.body.dataset.user = '';
}

function zh(): boolean {
  return (document.documentElement.lang || 'zh').startsWith('zh');
}

function showForm(done: () => void): void {
  const overlay = document.createElement('div');
  overlay.className = 'login-overlay';
  overlay.innerHTML = `
    <form class="login-form" data-testid="login-form" autocomplete="on">
      <h2>${zh() ? '登录' : 'Sign in'}</h2>
      <label>${zh() ? '用户名' : 'Username'}<input name="username" data-testid="login-username" autocomplete="username" required /></label>
      <label>${zh() ? '密码' : 'Password'}<input name="password" type="password" data-testid="login-password" autocomplete="current-password" required /></label>
      <div class="login-error" data-testid="login-error" role="alert"></div>
      <button type="submit" data-testid="login-submit">${zh() ? '登录' : 'Sign in'}</button>
      <p class="login-note">${zh() ? '图层与影像无需登录；信访件按账号所属行政区显示。' : 'Layers and imagery are public; petitions are shown for your unit.'}</p>
    </form>`;
  document.body.appendChild(overlay);
  const form = overlay.querySelector('form')!;
  const error = overlay.querySelector<HTMLElement>('.login-error')!;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    error.textContent = '';
    try {
      const response = await fetch('api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ username: data.get('username'), password: data.get('password') }),
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) {
        error.textContent = response.status === 429 ? (zh() ? '尝试次数过多，请稍后再试' : 'Too many attempts; try again later') : (body.detail ?? body.title ?? `HTTP ${response.status}`);
        return;
      }
      sessionStorage.setItem(KEY, body.accessToken);
      document.body.dataset.user = body.account?.username ?? '';
      overlay.remove();
      done();
    } catch (err) {
      error.textContent = (err as Error).message;
    }
  });
  overlay.querySelector<HTMLInputElement>('input[name=username]')!.focus();
}
