import { Controller, Get } from '@nestjs/common';

@Controller()
export class AppController {
  @Get()
  getRoot(): { message: string } {
    return { message: 'Hello from node-nestjs-npm' };
  }

  @Get('health')
  getHealth(): { status: string } {
    return { status: 'ok' };
  }
}
