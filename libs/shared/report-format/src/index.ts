export * from './format-report';
