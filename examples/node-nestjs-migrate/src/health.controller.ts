import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { schemaState } from './schema';

@Controller()
export class HealthController {
  // not ready until every migration has run (`npm run migrate`, done by `start:prod`)
  @Get('/health')
  check(): { status: string; applied: string[] } {
    const { applied, pending } = schemaState();
    if (pending.length > 0) {
      throw new ServiceUnavailableException({ status: 'migrations pending', pending });
    }
    return { status: 'ok', applied };
  }
}
