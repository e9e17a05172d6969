import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { csvChunks } from '../export/csv.ts';
import type { AppDeps } from './app.ts';
import { BomParam, ErrorSchema } from './schemas.ts';
import { textStream } from './text-stream.ts';
import { validationHook } from './validation.ts';

const route = createRoute({
  method: 'get',
  path: '/',
  summary: 'Export the whole glossary',
  description: 'RFC 4180 CSV in UTF-8 with a header, one row per entity. Cells that a spreadsheet would run as a formula are prefixed with an apostrophe.',
  request: {
    query: z.object({
      format: z.enum(['csv'], { error: 'format must be csv' }).default('csv'),
      bom: BomParam,
    }),
  },
  responses: {
    200: { content: { 'text/csv': { schema: z.string() } }, description: 'The glossary as CSV' },
    400: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Unknown format' },
  },
});

export function exportRoutes(deps: AppDeps) {
  return new OpenAPIHono({ defaultHook: validationHook }).openapi(route, (c) => {
    const { bom } = c.req.valid('query');
    // The snapshot is taken once: the whole export comes from one glossary.
    const chunks = csvChunks(deps.glossary().pages(), { bom });
    return c.body(textStream(chunks), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="glossary.csv"' });
  });
}
