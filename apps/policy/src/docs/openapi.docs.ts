import { type INestApplication, Injectable } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/**
 * The OpenAPI document of the admin API, served by DocsController at /docs and /docs-json. Built
 * from the running app's routes by `attach(app)`, which main.ts calls right after startApp (the app
 * kit offers no hook before listen); until then /docs-json answers 503 DOCS_NOT_READY.
 */
@Injectable()
export class OpenApiDocs {
  private document?: OpenAPIObject;

  attach(app: INestApplication): void {
    const config = new DocumentBuilder()
      .setTitle('fsmon policy')
      .setDescription(
        'Groups, profiles, filters and access rules of fsmon, pushed to collectors on fsmon.policy.v1. ' +
          'Bearer tokens: read scope for GET, admin scope for changes. Errors are { error: { code, message, details } }. ' +
          'Group responses carry ETag (the group revision); send it as If-Match to get 412 instead of overwriting a concurrent change.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build();
    this.document = SwaggerModule.createDocument(app, config);
  }

  get(): OpenAPIObject | undefined {
    return this.document;
  }
}
