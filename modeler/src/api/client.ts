import { toApiError } from './problem';

const TOKEN_KEY = 'tp.token';
const USER_KEY = 'tp.user';

export interface SessionUser {
  _id?: string;
  id?: string;
  username: string;
  roles: string[];
}

/** Tasks name their assignee by user id or by username; both mean "me". */
export function isMe(assignee: string | undefined): boolean {
  const user = currentUser();
  return !!assignee && !!user && [user.username, user._id, user.id].includes(assignee);
}

/** The signed-in user, if any. */
export function currentUser(): SessionUser | undefined {
  const raw = localStorage.getItem(USER_KEY);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as SessionUser;
  } catch {
    return undefined;
  }
}

export function hasToken(): boolean {
  return localStorage.getItem(TOKEN_KEY) !== null;
}

export function signOut(): void {
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(USER_KEY);
}

let onUnauthorized: () => void = () => undefined;
/** Called when the API rejects the token, so the shell can send the user back to the login page. */
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

/** Calls the API with the session token; JSON in, JSON out; throws ApiError on error statuses. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  const token = localStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 401 && !path.startsWith('/auth/')) {
    signOut();
    onUnauthorized();
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Signs in and keeps the token for later calls. */
export async function signIn(username: string, password: string): Promise<SessionUser> {
  const result = await api<{ token: string; user: SessionUser }>('POST', '/auth/login', { username, password });
  localStorage.setItem(TOKEN_KEY, result.token);
  localStorage.setItem(USER_KEY, JSON.stringify(result.user));
  return result.user;
}

/** Unwraps list answers that come either as a bare array or as `{ items }`/`{ data }`. */
export function asList<T>(value: unknown): T[] {
  if (Array.isArray(value)) return value as T[];
  const v = (value ?? {}) as Record<string, unknown>;
  for (const key of ['items', 'data', 'results', 'definitions', 'cases', 'tasks', 'entries', 'types']) {
    if (Array.isArray(v[key])) return v[key] as T[];
  }
  return [];
}
