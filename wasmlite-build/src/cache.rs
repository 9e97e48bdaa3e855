//! The object cache: compiled objects stored under a hash of everything
//! that determines them, so a build whose modules and options did not
//! change does no LLVM work.
//!
//! An entry is one file, `<key>.wlc`, holding the objects and a SHA-256
//! checksum of its content. Entries are written to a temporary file and
//! renamed into place, so concurrent builds sharing the directory never
//! read a partial entry; an entry that fails its checks is a miss (and is
//! rewritten), never an error. Using an entry refreshes its modification
//! time; entries unused for [`MAX_AGE`] are deleted at the end of a build.

use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};
use wasmlite_codegen::CompileOptions;

/// Entries unused for this long are deleted.
pub(crate) const MAX_AGE: Duration = Duration::from_secs(30 * 24 * 60 * 60);
/// Temporary files older than this were left by a build that died.
const STALE_TEMP: Duration = Duration::from_secs(60 * 60);
/// The first bytes of every entry (the format's version is in it).
const MAGIC: &[u8; 16] = b"wasmlite-cache1\n";
const ENTRY_EXT: &str = "wlc";
const TEMP_EXT: &str = "tmp";

/// A SHA-256 digest naming an entry.
pub(crate) type Key = [u8; 32];

/// An object cache in one directory.
pub(crate) struct Cache {
    dir: PathBuf,
    /// Identifies the compiler: see [`compiler_identity`].
    compiler: Key,
}

impl Cache {
    /// The cache in `dir` (created when first written to), or `None` when
    /// the running compiler cannot be identified (then nothing is cached:
    /// a stale hit would be worse than a miss).
    pub(crate) fn open(dir: &Path) -> Option<Cache> {
        Some(Cache {
            dir: dir.to_path_buf(),
            compiler: compiler_identity()?,
        })
    }

    /// The key of `wasm` compiled with `options` by this compiler. Every
    /// field of `options` takes part (through its `Debug` form, which
    /// names each field), so a field added later cannot be forgotten.
    pub(crate) fn key(&self, wasm: &[u8], options: &CompileOptions) -> Key {
        let mut hash = Sha256::new();
        for part in [&self.compiler[..], format!("{options:?}").as_bytes(), wasm] {
            hash.update((part.len() as u64).to_le_bytes());
            hash.update(part);
        }
        hash.finalize().into()
    }

    fn entry(&self, key: &Key) -> PathBuf {
        self.dir.join(format!("{}.{ENTRY_EXT}", hex(key)))
    }

    /// The objects stored under `key`, if there is a sound entry.
    pub(crate) fn load(&self, key: &Key) -> Option<Vec<Vec<u8>>> {
        let path = self.entry(key);
        let objects = decode(&std::fs::read(&path).ok()?, key)?;
        // Refresh the entry's age for pruning; failing to is harmless.
        if let Ok(file) = std::fs::File::options().append(true).open(&path) {
            let _ = file.set_modified(SystemTime::now());
        }
        Some(objects)
    }

    /// Store `objects` under `key`, atomically.
    pub(crate) fn store(&self, key: &Key, objects: &[Vec<u8>]) -> std::io::Result<()> {
        static UNIQUE: AtomicU64 = AtomicU64::new(0);
        std::fs::create_dir_all(&self.dir)?;
        let temp = self.dir.join(format!(
            ".{}.{}-{}.{TEMP_EXT}",
            hex(key),
            std::process::id(),
            UNIQUE.fetch_add(1, Ordering::Relaxed)
        ));
        let written = std::fs::File::create(&temp)
            .and_then(|mut file| file.write_all(&encode(key, objects)))
            .and_then(|()| std::fs::rename(&temp, self.entry(key)));
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        written
    }

    /// Delete entries unused for `max_age` and temporary files left by
    /// builds that died. Best effort: errors are ignored.
    pub(crate) fn prune(&self, max_age: Duration) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let now = SystemTime::now();
        for entry in entries.flatten() {
            let path = entry.path();
            let limit = match path.extension().and_then(|e| e.to_str()) {
                Some(ENTRY_EXT) => max_age,
                Some(TEMP_EXT) => STALE_TEMP,
                _ => continue,
            };
            let age = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|modified| now.duration_since(modified).ok());
            if age.is_some_and(|age| age > limit) {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
}

/// A digest of what, besides the module and the options, decides the
/// objects: wasmlite's version and source, the ABI version and LLVM's
/// version. Built from a registry or a git checkout, wasmlite's source
/// cannot change without its path changing. Built from a path (a
/// workspace member, a vendored copy), it can change under the same
/// version, so the running executable (the build script, which links the
/// compiler) is added, by path, size and modification time: rebuilding it
/// invalidates every entry it made rather than reusing a stale object.
fn compiler_identity() -> Option<Key> {
    const SOURCE: &str = env!("CARGO_MANIFEST_DIR");
    let (major, minor, patch) = inkwell::support::get_llvm_version();
    let mut identity = format!(
        "wasmlite {} from {SOURCE}, abi {}, llvm {major}.{minor}.{patch}",
        env!("CARGO_PKG_VERSION"),
        wasmlite_abi::ABI_VERSION,
    );
    if !immutable_source(SOURCE) {
        let exe = std::env::current_exe().ok()?;
        let exe = exe.canonicalize().unwrap_or(exe);
        let metadata = std::fs::metadata(&exe).ok()?;
        let modified = metadata
            .modified()
            .ok()?
            .duration_since(SystemTime::UNIX_EPOCH)
            .ok()?;
        identity += &format!(
            ", compiler {} {} {}",
            exe.display(),
            metadata.len(),
            modified.as_nanos()
        );
    }
    Some(Sha256::digest(identity.as_bytes()).into())
}

/// Whether a crate at `manifest_dir` is a download Cargo never changes in
/// place: a registry's `registry/src/<index>/<name>-<version>` or a git
/// dependency's `git/checkouts/<repo>/<revision>`.
fn immutable_source(manifest_dir: &str) -> bool {
    let path = manifest_dir.replace('\\', "/");
    path.contains("/registry/src/") || path.contains("/git/checkouts/")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// An entry: magic, key, object count (u32), each object as length (u64)
/// and bytes, then the SHA-256 of everything before it. Integers are
/// little-endian.
fn encode(key: &Key, objects: &[Vec<u8>]) -> Vec<u8> {
    let size = objects.iter().map(|o| 8 + o.len()).sum::<usize>();
    let mut out = Vec::with_capacity(MAGIC.len() + 32 + 4 + size + 32);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(key);
    out.extend_from_slice(&(objects.len() as u32).to_le_bytes());
    for object in objects {
        out.extend_from_slice(&(object.len() as u64).to_le_bytes());
        out.extend_from_slice(object);
    }
    let checksum = Sha256::digest(&out);
    out.extend_from_slice(&checksum);
    out
}

/// The objects in an entry, or `None` unless it is complete, intact and
/// made for `key`.
fn decode(entry: &[u8], key: &Key) -> Option<Vec<Vec<u8>>> {
    let (body, checksum) = entry.split_at_checked(entry.len().checked_sub(32)?)?;
    if Sha256::digest(body).as_slice() != checksum {
        return None;
    }
    let rest = body
        .strip_prefix(MAGIC.as_slice())?
        .strip_prefix(key.as_slice())?;
    let (count, mut rest) = rest.split_first_chunk::<4>()?;
    let mut objects = Vec::new();
    for _ in 0..u32::from_le_bytes(*count) {
        let (len, tail) = rest.split_first_chunk::<8>()?;
        let (object, tail) =
            tail.split_at_checked(usize::try_from(u64::from_le_bytes(*len)).ok()?)?;
        objects.push(object.to_vec());
        rest = tail;
    }
    (rest.is_empty() && !objects.is_empty()).then_some(objects)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(stem: &str) -> CompileOptions {
        CompileOptions {
            stem: stem.into(),
            ..Default::default()
        }
    }

    fn objects() -> Vec<Vec<u8>> {
        vec![b"first object".to_vec(), Vec::new(), b"third".to_vec()]
    }

    #[test]
    fn keys_cover_the_module_and_every_option() {
        let cache = Cache::open(Path::new("/unused")).unwrap();
        let base = cache.key(b"\0asm", &options("m"));
        assert_eq!(base, cache.key(b"\0asm", &options("m")));
        assert_ne!(base, cache.key(b"\0asm!", &options("m")));
        assert_ne!(base, cache.key(b"\0asm", &options("n")));
        let mut threads = options("m");
        threads.threads = 2;
        assert_ne!(base, cache.key(b"\0asm", &threads));
        let mut features = options("m");
        features.cpu_features = Some("+avx2".into());
        assert_ne!(base, cache.key(b"\0asm", &features));
        let other_compiler = Cache {
            dir: PathBuf::new(),
            compiler: [7; 32],
        };
        assert_ne!(base, other_compiler.key(b"\0asm", &options("m")));
    }

    #[test]
    fn only_downloaded_sources_are_trusted_to_be_immutable() {
        assert!(immutable_source(
            "/home/u/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wasmlite-build-0.1.0"
        ));
        assert!(immutable_source(
            "C:\\Users\\u\\.cargo\\git\\checkouts\\wasmlite-0123\\abc1234\\wasmlite-build"
        ));
        assert!(!immutable_source("/work/main/wasmlite-build"));
        assert!(!immutable_source("/p/vendor/wasmlite-build"));
    }

    #[test]
    fn stored_objects_come_back() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(&dir.path().join("cache")).unwrap();
        let key = cache.key(b"wasm", &options("m"));
        assert_eq!(cache.load(&key), None);
        cache.store(&key, &objects()).unwrap();
        assert_eq!(cache.load(&key), Some(objects()));
        // Only the entry is left: no temporary file.
        let names: Vec<_> = std::fs::read_dir(dir.path().join("cache"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, [format!("{}.wlc", hex(&key))]);
    }

    #[test]
    fn damaged_or_foreign_entries_are_misses() {
        let key = [1; 32];
        let entry = encode(&key, &objects());
        assert_eq!(decode(&entry, &key), Some(objects()));
        assert_eq!(decode(&entry, &[2; 32]), None, "another key's entry");
        assert_eq!(decode(&entry[..entry.len() - 1], &key), None, "truncated");
        assert_eq!(decode(&[], &key), None, "empty");
        for at in [0, 20, 60, entry.len() - 1] {
            let mut flipped = entry.clone();
            flipped[at] ^= 1;
            assert_eq!(decode(&flipped, &key), None, "byte {at} flipped");
        }
        // A consistent checksum over a malformed body is still rejected.
        let mut body = entry[..entry.len() - 32].to_vec();
        body.truncate(body.len() - 2);
        let checksum = Sha256::digest(&body);
        body.extend_from_slice(&checksum);
        assert_eq!(decode(&body, &key), None, "object cut short");
    }

    #[test]
    fn a_corrupt_file_is_a_miss_then_repaired() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        let key = cache.key(b"wasm", &options("m"));
        std::fs::write(cache.entry(&key), b"garbage").unwrap();
        assert_eq!(cache.load(&key), None);
        cache.store(&key, &objects()).unwrap();
        assert_eq!(cache.load(&key), Some(objects()));
    }

    #[test]
    fn old_entries_and_stale_temporaries_are_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        let (old, fresh) = ([1; 32], [2; 32]);
        cache.store(&old, &objects()).unwrap();
        cache.store(&fresh, &objects()).unwrap();
        let temp = dir.path().join(".x.1-1.tmp");
        let other = dir.path().join("README");
        std::fs::write(&temp, b"partial").unwrap();
        std::fs::write(&other, b"not ours").unwrap();
        let long_ago = SystemTime::now() - Duration::from_secs(90 * 24 * 60 * 60);
        for path in [cache.entry(&old), temp.clone(), other.clone()] {
            let file = std::fs::File::options().append(true).open(&path).unwrap();
            file.set_modified(long_ago).unwrap();
        }
        cache.prune(MAX_AGE);
        assert!(!cache.entry(&old).exists());
        assert!(!temp.exists());
        assert!(cache.entry(&fresh).exists());
        assert!(other.exists(), "files that are not entries are left alone");
    }

    #[test]
    fn using_an_entry_keeps_it() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        let key = [3; 32];
        cache.store(&key, &objects()).unwrap();
        let file = std::fs::File::options()
            .append(true)
            .open(cache.entry(&key))
            .unwrap();
        file.set_modified(SystemTime::now() - 2 * MAX_AGE).unwrap();
        assert!(cache.load(&key).is_some());
        cache.prune(MAX_AGE);
        assert!(cache.entry(&key).exists());
    }
}
