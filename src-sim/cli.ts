/**
 * `npm run sim -- --port 8787 --seed 42 --pending 500 [--history 30000] [--page-size 500] [--ignore-status-filter] [--no-trickle] [--no-second-operator] [--tenant demo]`
 * Runs the simulator as a local dev server. It prints its own generated token on purpose: the
 * simulator is a local development tool and the token is worthless anywhere else.
 */
import { CLI_USAGE, parseCliArgs } from './cli-args';
import { startSimulator } from './index';
import type { SimEvent } from './types';

const describe = (event: SimEvent): string => {
  const r = event.request;
  const who = r.displayName.trim() || '(no name)';
  if (event.type === 'request-created') return `+ new pending request ${r.id} from ${who} <${r.address}> via ${r.provider} for ${r.agentId}`;
  return `~ ${event.by} ${r.status === 'APPROVED' ? 'approved' : 'rejected'} ${r.id} (${who})`;
};

async function main(): Promise<void> {
  const parsed = parseCliArgs(process.argv.slice(2));
  if (parsed.kind === 'help') {
    console.log(CLI_USAGE);
    return;
  }
  if (parsed.kind === 'error') {
    console.error(`sim: ${parsed.message}\n\n${CLI_USAGE}`);
    process.exitCode = 2;
    return;
  }
  const o = parsed.options;
  let sim;
  try {
    sim = await startSimulator({ ...o, onEvent: (event) => console.log(`${new Date().toISOString()} ${describe(event)}`) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'EADDRINUSE' ? `port ${o.port} is already in use; pick another with --port (or --port 0 for a random one).` : String(error);
    console.error(`sim: ${message}`);
    process.exitCode = 1;
    return;
  }
  const trickle = o.trickle ? 'new requests every 20-60 s' : 'no trickle';
  const alice = o.secondOperator ? 'Alice Moreno decides every 45-120 s' : 'no second operator';
  console.log(`Fruxon API simulator listening on ${sim.url}
  tenant:  ${sim.tenant} (tenantId ${sim.tenantId})
  token:   ${sim.token}
  data:    seed ${o.seed}, ${o.pending} pending, ${o.history ?? 0} more decided; ${trickle}; ${alice}
  list:    ${o.listPageSize ? `pages of ${o.listPageSize}` : 'one bare array'}${o.ignoreStatusFilter ? ', status filter ignored' : ''}

Point the console at it:
  FRUXON_API_URL=${sim.url} FRUXON_TENANT=${sim.tenant} FRUXON_TOKEN=${sim.token} npm start

Try it:
  curl -H 'Authorization: Bearer ${sim.token}' '${sim.url}/v1/tenants/${sim.tenant}/participantAccessRequests?status=PENDING'
  curl -H 'x-sim-control: ${sim.token}' ${sim.url}/_sim/log      (control API, see src-sim/control-api.ts)
Press Ctrl+C to stop.`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
