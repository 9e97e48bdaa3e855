;; Imports a function wasi_unstable does not have with this ABI
;; (`fd_seek` changed its `whence` type in preview 1).
(module
  (import "wasi_unstable" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "fd_seek" (func (param i32 i64 i32 i32) (result i32)))
  (func (export "_start")))
