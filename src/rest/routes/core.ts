/** `/api/kytos/core`: controller status. */
import { Router } from 'express';

/** Routes of the core API. */
export function coreRoutes(): Router {
  const r = Router();
  // Kytos-ng answers 201 with {"response": "running"}; scripts poll this until the API is up.
  r.get('/status', (_req, res) => {
    res.status(201).json({ response: 'running' });
  });
  return r;
}
