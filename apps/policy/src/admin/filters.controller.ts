import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Auth } from '../auth/auth.decorator';
import { ApiErrors } from '../http/api-docs.decorator';
import { FILTER_KEY_PARAM, IF_MATCH_HEADER } from '../http/api-params.docs';
import { type Caller, ChangeCaller } from '../http/request.decorators';
import { ZodPipe } from '../http/zod.pipe';
import { FilterPatchRequest, FilterRequest, ProfileRequest } from './dto/filter.request';
import { openApiSchema } from './dto/openapi-schema';
import { FiltersService } from './filters.service';

@ApiTags('profile and filters')
@Controller('groups/:name')
@Auth('read')
export class FiltersController {
  constructor(private readonly filters: FiltersService) {}

  @Get('profile')
  @ApiOperation({ summary: "The group's file monitor profile (mode, filters, CRD filters)" })
  @ApiErrors(404)
  profile(@Param('name') name: string) {
    return this.filters.profile(name);
  }

  @Put('profile')
  @Auth('admin')
  @ApiOperation({ summary: 'Replace the customer filters (predefined ones stay) and optionally the mode' })
  @ApiBody({ schema: openApiSchema(ProfileRequest) })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiErrors(400, 404, 409, 412)
  replace(@Param('name') name: string, @Body(new ZodPipe(ProfileRequest)) req: ProfileRequest, @ChangeCaller() caller: Caller) {
    return this.filters.replaceProfile(name, req, caller);
  }

  @Get('filters')
  @ApiOperation({ summary: 'Every filter with its key and access rule' })
  @ApiErrors(404)
  list(@Param('name') name: string) {
    return this.filters.list(name);
  }

  @Post('filters')
  @Auth('admin')
  @ApiOperation({ summary: 'Add a customer filter (pattern, or raw path + regex) with its allowed apps' })
  @ApiBody({ schema: openApiSchema(FilterRequest) })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiErrors(400, 404, 409, 412)
  add(@Param('name') name: string, @Body(new ZodPipe(FilterRequest)) req: FilterRequest, @ChangeCaller() caller: Caller) {
    return this.filters.add(name, req, caller);
  }

  @Get('filters/:key')
  @ApiParam(FILTER_KEY_PARAM)
  @ApiErrors(404)
  get(@Param('name') name: string, @Param('key') key: string) {
    return this.filters.get(name, key);
  }

  @Patch('filters/:key')
  @Auth('admin')
  @ApiOperation({ summary: 'Change recursion or behavior of a customer filter' })
  @ApiParam(FILTER_KEY_PARAM)
  @ApiBody({ schema: openApiSchema(FilterPatchRequest) })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiErrors(400, 404, 412)
  update(@Param('name') name: string, @Param('key') key: string, @Body(new ZodPipe(FilterPatchRequest)) req: FilterPatchRequest, @ChangeCaller() caller: Caller) {
    return this.filters.update(name, key, req, caller);
  }

  @Delete('filters/:key')
  @Auth('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a customer filter and its access rule' })
  @ApiParam(FILTER_KEY_PARAM)
  @ApiHeader(IF_MATCH_HEADER)
  @ApiErrors(400, 404, 412)
  remove(@Param('name') name: string, @Param('key') key: string, @ChangeCaller() caller: Caller) {
    return this.filters.remove(name, key, caller);
  }
}
