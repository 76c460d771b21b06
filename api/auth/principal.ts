/** Who is calling: a logged-in user or a system with an API key. */
import type { Role } from '../../store/users';

export interface Principal {
  id: string;
  username: string;
  kind: 'user' | 'api-key' | 'customer-link';
  roles: Role[];
  department?: string;
  groups: string[];
  skills: string[];
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/** True when the principal holds any of `roles`. */
export function hasRole(p: Principal | undefined, ...roles: Role[]): boolean {
  return !!p && p.roles.some((r) => roles.includes(r));
}
