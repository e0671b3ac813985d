import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Controller, Get, Header, HttpException, Param, StreamableFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { OpenApiDocs } from './openapi.docs';

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css',
  'swagger-ui-bundle.js': 'application/javascript',
};

/** Swagger UI's files, from the swagger-ui-dist that @nestjs/swagger depends on. */
function swaggerUiDir(): string {
  const fromSwagger = createRequire(require.resolve('@nestjs/swagger'));
  return (fromSwagger('swagger-ui-dist/absolute-path.js') as () => string)();
}

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>fsmon policy API</title><link rel="stylesheet" href="docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div><script src="docs/swagger-ui-bundle.js"></script><script src="docs/swagger-ui-init.js"></script></body></html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: 'docs-json', dom_id: '#swagger-ui', persistAuthorization: false });`;

/** Swagger UI at /docs and the OpenAPI document at /docs-json (no token needed). */
@ApiExcludeController()
@Controller()
export class DocsController {
  constructor(private readonly docs: OpenApiDocs) {}

  @Get('docs-json')
  json() {
    const document = this.docs.get();
    if (!document) throw new HttpException({ error: { code: 'DOCS_NOT_READY', message: 'the OpenAPI document is being built; retry' } }, 503);
    return document;
  }

  @Get('docs')
  @Header('Content-Type', 'text/html; charset=utf-8')
  page() {
    return PAGE;
  }

  @Get('docs/swagger-ui-init.js')
  @Header('Content-Type', 'application/javascript')
  init() {
    return INIT;
  }

  @Get('docs/:asset')
  asset(@Param('asset') asset: string) {
    const type = Object.hasOwn(ASSETS, asset) ? ASSETS[asset] : undefined;
    if (!type) throw new HttpException({ error: { code: 'NOT_FOUND', message: `no docs asset "${asset}"` } }, 404);
    return new StreamableFile(createReadStream(join(swaggerUiDir(), asset)), { type });
  }
}
