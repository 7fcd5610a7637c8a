/**
 * The REST application: Kytos-ng compatible routes under /api/kytos. `buildApp` only builds the
 * express app; listening is the composition root's business (src/app.ts).
 */
import express, { type Express } from 'express';
import { coreRoutes } from './routes/core';
import { topologyRoutes, type TopologyApi } from './routes/topology';
import { ofLldpRoutes, type LldpControl, type LldpRouteDeps } from './routes/of-lldp';
import { errorMiddleware, notFound, type RestLogger } from './errors';

export interface RestDeps {
  readonly log: RestLogger;
  readonly topology: TopologyApi & LldpRouteDeps['topology'];
  readonly lldp: LldpControl;
  /** The clock's now() (epoch ms), passed to every state change. */
  readonly now: () => number;
}

/** Builds the express app over the given services; it does not listen (the composition root does). */
export function buildApp(deps: RestDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('json replacer', (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  app.use(express.json({ limit: '10mb' }));
  app.use('/api/kytos/core', coreRoutes());
  app.use('/api/kytos/topology/v3', topologyRoutes(deps));
  app.use('/api/kytos/of_lldp/v1', ofLldpRoutes(deps));
  app.use(notFound);
  app.use(errorMiddleware(deps.log));
  return app;
}
