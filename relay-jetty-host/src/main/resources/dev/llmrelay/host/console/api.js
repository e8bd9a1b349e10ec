// The admin API as the console calls it: the token from sessionStorage in the Authorization header, never in a URL.

const TOKEN_KEY = 'relay.adminToken';

export const adminToken = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** An answer other than 2xx, with the API's own error type and message. */
export class ApiError extends Error {
  constructor(status, type, message) {
    super(message);
    this.status = status;
    this.type = type;
  }
}

let onUnauthorized = () => {};

/** What to do when the relay refuses the token (it was changed, or the relay restarted with another). */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

/** Calls /admin/v1/{path}; answers the parsed JSON (null for 204) or throws an ApiError. */
export async function api(method, path, body) {
  const headers = { Authorization: `Bearer ${adminToken.get() ?? ''}` };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  // Relative to the page, so a relay served under a path prefix (behind a proxy) still works.
  const url = new URL(`../admin/v1/${path}`, document.baseURI);
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error',
    });
  } catch (e) {
    throw new ApiError(0, 'network_error', `The relay did not answer (${e.message}).`);
  }
  if (response.status === 204) {
    return null;
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const error = json && json.error;
    const failure = new ApiError(response.status, error?.type ?? 'http_error',
      error?.message ?? `The relay answered HTTP ${response.status}.`);
    if (response.status === 401) {
      onUnauthorized(failure);
    }
    throw failure;
  }
  return json;
}
