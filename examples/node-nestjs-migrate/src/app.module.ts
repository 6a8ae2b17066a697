import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { OrdersController } from './orders.controller';

@Module({
  controllers: [HealthController, OrdersController],
})
export class AppModule {}
