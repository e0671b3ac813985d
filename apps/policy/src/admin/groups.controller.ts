import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth } from '../auth/auth.decorator';
import { ApiErrors } from '../http/api-docs.decorator';
import { IF_MATCH_HEADER } from '../http/api-params.docs';
import { type Caller, ChangeCaller, Who } from '../http/request.decorators';
import { ZodPipe } from '../http/zod.pipe';
import { CreateGroupRequest, ModeRequest, UpdateGroupRequest } from './dto/group.request';
import { openApiSchema } from './dto/openapi-schema';
import { GroupsService } from './groups.service';

@ApiTags('groups')
@Controller('groups')
@Auth('read')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Get()
  @ApiOperation({ summary: 'Every group and the current policy revision (one consistent snapshot)' })
  list() {
    return this.groups.list();
  }

  @Post()
  @Auth('admin')
  @ApiOperation({ summary: 'Create a group; it gets the built-in filters of GET /filters/defaults (nodes = the host)' })
  @ApiBody({ schema: openApiSchema(CreateGroupRequest) })
  @ApiErrors(400, 409)
  create(@Body(new ZodPipe(CreateGroupRequest)) req: CreateGroupRequest, @Who() who: string) {
    return this.groups.create(req, who);
  }

  @Get(':name')
  @ApiOperation({ summary: 'One group (ETag = its revision)' })
  @ApiErrors(404)
  get(@Param('name') name: string) {
    return this.groups.get(name);
  }

  @Patch(':name')
  @Auth('admin')
  @ApiOperation({ summary: "Replace the group's selector" })
  @ApiBody({ schema: openApiSchema(UpdateGroupRequest) })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiErrors(400, 404, 412)
  update(@Param('name') name: string, @Body(new ZodPipe(UpdateGroupRequest)) req: UpdateGroupRequest, @ChangeCaller() caller: Caller) {
    return this.groups.updateSelector(name, req, caller);
  }

  @Put(':name/mode')
  @Auth('admin')
  @ApiOperation({ summary: 'Switch the mode: Discover, Monitor or Protect' })
  @ApiBody({ schema: openApiSchema(ModeRequest) })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiErrors(400, 404, 412)
  mode(@Param('name') name: string, @Body(new ZodPipe(ModeRequest)) req: ModeRequest, @ChangeCaller() caller: Caller) {
    return this.groups.setMode(name, req, caller);
  }

  @Delete(':name')
  @Auth('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete the group (collectors get a tombstone)' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiErrors(404, 412)
  remove(@Param('name') name: string, @ChangeCaller() caller: Caller) {
    return this.groups.remove(name, caller);
  }
}
