//! Traps during instantiation: a trapping start function and active
//! segments that do not fit their memory or table make `new` fail with the
//! trap, and a later instantiation of another module still works.

mod family_support;

use wasmlite_rt::{InstantiationError, TrapCode};

wasmlite_rt::include_wasm!("wasm/start_traps.wat");
wasmlite_rt::include_wasm!("wasm/data_oob.wat");
wasmlite_rt::include_wasm!("wasm/elem_oob.wat");
wasmlite_rt::include_wasm!("wasm/traps.wat");

#[test]
fn a_trapping_start_function_fails_instantiation() {
    for _ in 0..3 {
        match start_traps::StartTraps::new(()) {
            Err(InstantiationError::StartTrapped(trap)) => {
                assert_eq!(trap.code(), TrapCode::UnreachableCodeReached, "{trap}");
                assert_eq!(trap.function_name(), Some("start_here"), "{trap}");
            }
            Err(other) => panic!("expected StartTrapped, got {other}"),
            Ok(_) => panic!("instantiation succeeded although the start function traps"),
        }
    }
    let mut other = traps::Traps::new(()).expect("instantiate traps.wat");
    assert_eq!(other.good(1).unwrap(), 2);
}

#[test]
fn a_data_segment_past_the_end_of_memory_fails_instantiation() {
    match data_oob::DataOob::new(()) {
        Err(InstantiationError::SegmentOutOfBounds(trap)) => {
            assert_eq!(trap.code(), TrapCode::MemoryOutOfBounds, "{trap}");
        }
        Err(other) => panic!("expected SegmentOutOfBounds, got {other}"),
        Ok(_) => panic!("instantiation succeeded although a data segment is out of bounds"),
    }
}

#[test]
fn an_element_segment_past_the_end_of_the_table_fails_instantiation() {
    match elem_oob::ElemOob::new(()) {
        Err(InstantiationError::SegmentOutOfBounds(trap)) => {
            assert_eq!(trap.code(), TrapCode::TableOutOfBounds, "{trap}");
        }
        Err(other) => panic!("expected SegmentOutOfBounds, got {other}"),
        Ok(_) => panic!("instantiation succeeded although an element segment is out of bounds"),
    }
}
