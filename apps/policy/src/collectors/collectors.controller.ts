import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Auth } from '../auth/auth.decorator';
import { ApiErrors } from '../http/api-docs.decorator';
import { CollectorsService } from './collectors.service';

@ApiTags('collectors')
@Controller('collectors')
@Auth('read')
export class CollectorsController {
  constructor(private readonly collectors: CollectorsService) {}

  @Get()
  @ApiOperation({ summary: 'Every collector: last status, applied revision, lag, probe data; lagging ones flagged' })
  list() {
    return this.collectors.list();
  }

  @Get(':id')
  @ApiOperation({ summary: "One collector's last status, with its container list" })
  @ApiErrors(404)
  get(@Param('id') id: string) {
    return this.collectors.get(id);
  }

  @Get(':id/watches')
  @ApiOperation({ summary: 'Watch list per container, from the collector\'s last status and the current policy' })
  @ApiQuery({ name: 'container', required: false, description: 'Only this container id' })
  @ApiErrors(404)
  watches(@Param('id') id: string, @Query('container') container?: string) {
    return this.collectors.watches(id, container);
  }
}
