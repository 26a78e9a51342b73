import type { Account, Target } from "../lib/targets";
import { bearerPhase, type BearerResult } from "./bearer";
import type { Bench } from "./context";
import { interleavedSignIns, type SignInResult, type SideSignIn } from "./sign-in";

// The sign-in and Bearer phases once more with the product behind PgBouncer in transaction mode (a second
// product server on the same database, reached through the pooler): every speed-up must hold there, where
// consecutive queries of one client may reach different server connections.

export type PoolerResult = {
  ceiling: SignInResult["ceiling"];
  direct: SideSignIn;
  pooled: SideSignIn;
  bearer?: BearerResult;
};

export async function poolerPhase(
  bench: Bench,
  pooled: { target: Target; users: Account[]; pid: number },
): Promise<PoolerResult> {
  const { plan } = bench;
  const rounds = Math.max(2, Math.ceil(plan.rounds / 2));
  bench.log(`behind PgBouncer (transaction mode): sign-ins in ${rounds} rounds against the direct server, then Bearer`);
  const { ceiling, sides } = await interleavedSignIns(
    bench,
    [
      { label: "direct", work: bench.product.target.signIn(bench.product.users), pid: bench.product.pid },
      { label: "pgbouncer", work: pooled.target.signIn(pooled.users), pid: pooled.pid },
    ],
    rounds,
  );
  const bearer = await bearerPhase(pooled.target, pooled.users[0], plan);
  return { ceiling, direct: sides[0], pooled: sides[1], bearer };
}
