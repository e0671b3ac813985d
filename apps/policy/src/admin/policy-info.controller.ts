import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ADDITIONAL_FILTERS, BUILT_IN_FILTERS, DEFAULT_FILTERS } from '@fsmon/rules';
import { Auth } from '../auth/auth.decorator';
import { ApiErrors } from '../http/api-docs.decorator';
import { ZodPipe } from '../http/zod.pipe';
import { AuditReader } from '../store/audit.reader';
import { AuditQuery } from './dto/filter.request';

@ApiTags('policy')
@Controller()
@Auth('read')
export class PolicyInfoController {
  constructor(private readonly audit: AuditReader) {}

  @Get('filters/defaults')
  @ApiOperation({
    summary: "The predefined filters: builtIn (what every new group gets) = defaults (the seed's 21) then additional (package databases the seed misses)",
  })
  defaults() {
    return { builtIn: BUILT_IN_FILTERS, defaults: DEFAULT_FILTERS, additional: ADDITIONAL_FILTERS };
  }

  @Get('audit')
  @ApiOperation({ summary: 'The audit trail, newest first: who changed what, before and after, under which revision' })
  @ApiQuery({ name: 'limit', required: false, description: '1..500, default 50' })
  @ApiQuery({ name: 'before', required: false, description: 'Entry id from a previous page' })
  @ApiErrors(400)
  async list(@Query(new ZodPipe(AuditQuery, 'query')) query: AuditQuery) {
    return { entries: await this.audit.list(query.limit, query.before) };
  }
}
