import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';

// Approve, publish, revise, roll forward, compare, coverage, plan history and documents.
export async function lifecycleRoutes(_app: FastifyInstance, _opts: { services: Services }) {}
