import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';

export async function apiRoutes(_app: FastifyInstance, _opts: { services: Services }) {}
