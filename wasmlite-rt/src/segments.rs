//! Applying a new instance's active element and data segments.
//!
//! As the specification prescribes, element segments are applied first,
//! then data segments, each in order, with `table.init`/`memory.init`
//! semantics; applied active segments and declared element segments are
//! then dropped. The first out-of-bounds segment stops instantiation, and
//! what earlier segments wrote stays written (it may be visible through
//! imported tables and memories).

use crate::const_expr::{self, ConstEnv};
use crate::error::InstantiationError;
use crate::instance_data::InstanceData;
use crate::trap::Trap;
use wasmlite_abi::{ConstExpr, DataMode, ElementMode, TrapCode, ValRaw};

/// Applies every active segment of `instance` and drops the segments the
/// specification drops at instantiation.
pub(crate) fn apply(instance: &InstanceData) -> Result<(), InstantiationError> {
    let info = instance.module.info();
    let out_of_bounds = |code: TrapCode| InstantiationError::SegmentOutOfBounds(Trap::new(code));
    for (index, segment) in info.elements.iter().enumerate() {
        let index = index as u32;
        match &segment.mode {
            ElementMode::Active { table, offset } => {
                let value = offset_value(instance, offset)?;
                let dst = match info.tables[*table as usize].table64 {
                    true => value.get_u64(),
                    false => u64::from(value.get_u32()),
                };
                instance
                    .table_init(*table, index, dst, 0, segment.items.len() as u32)
                    .map_err(out_of_bounds)?;
                instance.drop_element_segment(index);
            }
            ElementMode::Declared => instance.drop_element_segment(index),
            ElementMode::Passive => {}
        }
    }
    for (index, segment) in info.data.iter().enumerate() {
        let DataMode::Active { memory, offset } = &segment.mode else {
            continue;
        };
        let value = offset_value(instance, offset)?;
        let dst = match info.memories[*memory as usize].memory64 {
            true => value.get_u64(),
            false => u64::from(value.get_u32()),
        };
        let len = u32::try_from(segment.bytes.len())
            .map_err(|_| out_of_bounds(TrapCode::MemoryOutOfBounds))?;
        instance
            .memory_init(*memory, index as u32, dst, 0, len)
            .map_err(out_of_bounds)?;
        instance.drop_data_segment(index as u32);
    }
    Ok(())
}

fn offset_value(instance: &InstanceData, offset: &ConstExpr) -> Result<ValRaw, InstantiationError> {
    const_expr::eval(offset, &ConstEnv::of(instance))
        .map_err(|e| InstantiationError::BadModuleInfo(format!("segment offset: {e}")))
}
