/** User administration; every change is audited with before and after (never the password hash). */
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { z } from 'zod';
import { users } from '../../store/users';
import { appendAudit } from '../audit/audit.service';
import { forgetPrincipal, hashPassword, publicUser } from '../auth/auth.service';
import type { createUserBody, updateUserBody } from '../auth/auth.schemas';
import { AppError } from '../errors';
import type { Principal } from '../auth/principal';

export async function listUsers(conn: Connection): Promise<ReturnType<typeof publicUser>[]> {
  const all = await users(conn).find({}).sort({ username: 1 }).lean();
  return all.map(publicUser);
}

export async function getUser(conn: Connection, id: string): Promise<ReturnType<typeof publicUser>> {
  const u = await users(conn).findById(id).lean();
  if (!u) throw AppError.notFound('user');
  return publicUser(u);
}

export async function createUser(conn: Connection, input: z.infer<typeof createUserBody>, actor: Principal): Promise<ReturnType<typeof publicUser>> {
  const { password, ...rest } = input;
  try {
    const doc = await users(conn).create({ _id: randomUUID(), ...rest, passwordHash: await hashPassword(password), disabled: false });
    const view = publicUser(doc.toObject());
    await appendAudit(conn, { actor: actor.username, action: 'user.create', target: doc._id, after: view });
    return view;
  } catch (err) {
    if ((err as { code?: number }).code === 11000) throw AppError.conflict('username already taken');
    throw err;
  }
}

export async function updateUser(
  conn: Connection,
  id: string,
  input: z.infer<typeof updateUserBody>,
  actor: Principal,
): Promise<ReturnType<typeof publicUser>> {
  const before = await users(conn).findById(id).lean();
  if (!before) throw AppError.notFound('user');
  const { password, ...rest } = input;
  const set: Record<string, unknown> = { ...rest };
  if (password) set.passwordHash = await hashPassword(password);
  const after = await users(conn).findByIdAndUpdate(id, { $set: set }, { new: true }).lean();
  forgetPrincipal(conn, id);
  const view = publicUser(after ?? before);
  await appendAudit(conn, {
    actor: actor.username,
    action: input.roles ? 'user.roles-change' : 'user.update',
    target: id,
    before: publicUser(before),
    after: { ...view, ...(password ? { passwordChanged: true } : {}) },
  });
  return view;
}
