//! Archiving the objects into a static library with the `cc` crate, which
//! also prints the `cargo:rustc-link-lib` / `rustc-link-search` directives.

use crate::settings::Settings;
use crate::BuildError;
use std::path::{Path, PathBuf};

/// Create `lib<library>.a` in `settings.out_dir` from `objects`; returns its
/// path. `cargo_metadata` controls whether `cc` prints link directives.
pub(crate) fn archive(
    objects: &[&Path],
    settings: &Settings,
    cargo_metadata: bool,
) -> Result<PathBuf, BuildError> {
    cc::Build::new()
        .objects(objects)
        .target(&settings.target)
        .host(&settings.host)
        .out_dir(&settings.out_dir)
        .cargo_metadata(cargo_metadata)
        .try_compile(&settings.library)
        .map_err(|error| BuildError::Archive {
            library: settings.library.clone(),
            error,
        })?;
    Ok(settings.out_dir.join(format!("lib{}.a", settings.library)))
}
