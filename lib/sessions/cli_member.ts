import type { Bus } from "../bus/bus.ts";
import { NameTakenError } from "../errors.ts";
import type { ProcessIdentity } from "./liveness.ts";
import { type Identity, Membership } from "./membership.ts";
import * as rules from "../mail/input_limits.ts";

// A person or script on the bus (`cli:<name>`) has no long-running process, yet sessions must
// be able to answer it: `dm{to: "cli:alice"}` is refused for a name the bus has never seen.
// So a CLI message is stored with its sender's session row of kind "cli": written offline by
// the bus in the same transaction as the message for `send` (Bus.insertCliMessage: an offline
// row stays, and replies queue for it), held for the whole wait by `ask`.

export interface CliMemberOptions {
  bus: Bus;
  process: ProcessIdentity;
  cwd: string;
}

/** How many `-N` variants `ask` tries when other asks hold the name. */
const MAX_VARIANTS = 20;

function membership(options: CliMemberOptions): Membership {
  return new Membership({
    bus: options.bus,
    process: options.process,
    kind: "cli",
    cwd: options.cwd,
    claudeSessionId: null,
  });
}

/** A name held for an `ask`; `created` when its row did not exist before (undo on refusal). */
export interface HeldName {
  member: Membership;
  name: string;
  created: boolean;
}

/**
 * Hold a CLI name for as long as an `ask` waits: `cli:alice`, or `cli:alice-2`, `-3`, ...
 * when other asks hold it, so each ask receives only the replies to its own question.
 */
export async function holdCliName(
  options: CliMemberOptions,
  sender: Identity,
  project: string,
): Promise<HeldName> {
  const member = membership(options);
  for (let n = 1; n <= MAX_VARIANTS; n++) {
    const name = n === 1 ? sender.name : rules.normalizeName(`${sender.name}-${n}`, "sender name");
    const existed = (await options.bus.session(name)) !== undefined;
    try {
      await member.register({ name, role: sender.role, project });
      return { member, name, created: !existed };
    } catch (err) {
      if (!(err instanceof NameTakenError) || n === MAX_VARIANTS) throw err;
    }
  }
  throw new Error("unreachable");
}
