"use server";

import { redirect } from "next/navigation";
import { recordEvent } from "@/lib/audit";
import { signOut } from "@/lib/auth";
import { getCurrentSession } from "@/lib/dal";
import { db } from "@/lib/db";
import { requestMeta } from "@/lib/request";
import { revokeAllSessions, revokeSession } from "@/lib/sessions";

export async function signOutHere() {
  const current = await getCurrentSession();
  if (current) {
    await revokeSession(current.sessionId);
    await recordEvent(db, { type: "logout", userId: current.user.id }, await requestMeta());
  }
  await signOut({ redirect: false });
  redirect("/");
}

export async function signOutEverywhere() {
  const current = await getCurrentSession();
  if (current) {
    await db.$transaction(async (tx) => {
      await revokeAllSessions(tx, current.user.id);
      await recordEvent(tx, { type: "sessions_revoked", userId: current.user.id }, await requestMeta());
    });
  }
  await signOut({ redirect: false });
  redirect("/login?signedOut=everywhere");
}
