// The only code in fsmon that crosses into C through koffi: libc (kernel syscalls) and librdkafka
// (the embedded broker). Everything above sees typed functions, never koffi itself.
export * from './libc';
export * from './librdkafka.ffi';
