import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Auth } from '../auth/auth.decorator';
import { ApiErrors } from '../http/api-docs.decorator';
import { FILTER_KEY_PARAM, IF_MATCH_HEADER } from '../http/api-params.docs';
import { type Caller, ChangeCaller } from '../http/request.decorators';
import { ZodPipe } from '../http/zod.pipe';
import { AccessRulesService } from './access-rules.service';
import { AccessRequest } from './dto/filter.request';
import { openApiSchema } from './dto/openapi-schema';

@ApiTags('access rules')
@Controller('groups/:name/access-rules')
@Auth('read')
export class AccessRulesController {
  constructor(private readonly rules: AccessRulesService) {}

  @Get()
  @ApiOperation({ summary: "The group's access rules: filter key → allowed apps, behavior, fail mode" })
  @ApiErrors(404)
  list(@Param('name') name: string) {
    return this.rules.list(name);
  }

  @Get(':key')
  @ApiParam(FILTER_KEY_PARAM)
  @ApiErrors(404)
  get(@Param('name') name: string, @Param('key') key: string) {
    return this.rules.get(name, key);
  }

  @Put(':key')
  @Auth('admin')
  @ApiOperation({ summary: "Set a customer filter's allowed apps (exe path, base name or process name)" })
  @ApiParam(FILTER_KEY_PARAM)
  @ApiBody({ schema: openApiSchema(AccessRequest) })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiErrors(400, 404, 412)
  set(@Param('name') name: string, @Param('key') key: string, @Body(new ZodPipe(AccessRequest)) req: AccessRequest, @ChangeCaller() caller: Caller) {
    return this.rules.set(name, key, req, caller);
  }
}
