import { Controller, Get } from '@nestjs/common';

@Controller('orders')
export class OrdersController {
  @Get()
  list(): { id: number; customer: string; status: string }[] {
    return [{ id: 1, customer: 'ACME', status: 'open' }];
  }
}
