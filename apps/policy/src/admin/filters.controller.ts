import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Auth } from '../auth/auth.decorator';
import { ApiErrors } from '../http/api-docs.decorator';
import { IfMatch, Who } from '../http/request.decorators';
import { ZodPipe } from '../http/zod.pipe';
import { FilterPatchRequest, FilterRequest, ProfileRequest } from './dto/filter.request';
import { openApiSchema } from './dto/openapi-schema';
import { FiltersService } from './filters.service';

const IF_MATCH = { name: 'If-Match', required: false, description: "The group's ETag; 412 if it changed since" };
const KEY = { name: 'key', description: 'The filter key `path/regex`, URL-encoded (e.g. %2Fetc%2Fpasswd%2F)' };

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
  @ApiHeader(IF_MATCH)
  @ApiErrors(400, 404, 409, 412)
  replace(@Param('name') name: string, @Body(new ZodPipe(ProfileRequest)) req: ProfileRequest, @Who() who: string, @IfMatch() ifMatch?: string) {
    return this.filters.replaceProfile(name, req, { who, ifMatch });
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
  @ApiHeader(IF_MATCH)
  @ApiErrors(400, 404, 409, 412)
  add(@Param('name') name: string, @Body(new ZodPipe(FilterRequest)) req: FilterRequest, @Who() who: string, @IfMatch() ifMatch?: string) {
    return this.filters.add(name, req, { who, ifMatch });
  }

  @Get('filters/:key')
  @ApiParam(KEY)
  @ApiErrors(404)
  get(@Param('name') name: string, @Param('key') key: string) {
    return this.filters.get(name, key);
  }

  @Patch('filters/:key')
  @Auth('admin')
  @ApiOperation({ summary: 'Change recursion or behavior of a customer filter' })
  @ApiParam(KEY)
  @ApiBody({ schema: openApiSchema(FilterPatchRequest) })
  @ApiHeader(IF_MATCH)
  @ApiErrors(400, 404, 412)
  update(@Param('name') name: string, @Param('key') key: string, @Body(new ZodPipe(FilterPatchRequest)) req: FilterPatchRequest, @Who() who: string, @IfMatch() ifMatch?: string) {
    return this.filters.update(name, key, req, { who, ifMatch });
  }

  @Delete('filters/:key')
  @Auth('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a customer filter and its access rule' })
  @ApiParam(KEY)
  @ApiHeader(IF_MATCH)
  @ApiErrors(400, 404, 412)
  remove(@Param('name') name: string, @Param('key') key: string, @Who() who: string, @IfMatch() ifMatch?: string) {
    return this.filters.remove(name, key, { who, ifMatch });
  }
}
