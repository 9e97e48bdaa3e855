//! Escape tests: a hostile guest tries every way out of a preopened directory
//! and every change below a read-only one; the sandbox must refuse each, and
//! the files outside must stay untouched.

use std::os::unix::fs::symlink;
use std::path::PathBuf;
use wasmlite_wasi::abi::{fdflags, lookupflags, oflags, rights};
use wasmlite_wasi::syscalls::{fd_io, fd_meta, path, path_open};
use wasmlite_wasi::{DirPerms, Errno, GuestMemory, WasiCtx, WasiResult};

/// The preopen's descriptor number (after the three standard streams).
const ROOT: u32 = 3;
/// Where a path argument goes in guest memory.
const PATH_AT: u32 = 1024;
/// A second path argument.
const PATH2_AT: u32 = 8192;
/// Where a call writes its result.
const OUT_AT: u32 = 64;

struct Sandbox {
    _temp: tempfile::TempDir,
    outside: PathBuf,
    ctx: WasiCtx,
    memory: Vec<u8>,
}

/// A temp dir with `outside/secret` and a preopened `root/` holding links that point out.
fn sandbox(perms: DirPerms) -> Sandbox {
    let temp = tempfile::tempdir().unwrap();
    let outside = temp.path().join("outside");
    let root = temp.path().join("root");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::fs::write(outside.join("secret"), b"secret").unwrap();
    std::fs::write(root.join("inside"), b"inside").unwrap();
    symlink(outside.join("secret"), root.join("abs")).unwrap();
    symlink("../outside/secret", root.join("rel")).unwrap();
    symlink("chain2", root.join("chain1")).unwrap();
    symlink("sub/../../outside", root.join("chain2")).unwrap();
    symlink("..", root.join("up")).unwrap();
    symlink("/", root.join("slash")).unwrap();
    let ctx = WasiCtx::builder()
        .preopen_dir(&root, "/", perms)
        .unwrap()
        .build();
    Sandbox {
        _temp: temp,
        outside,
        ctx,
        memory: vec![0; 64 * 1024],
    }
}

impl Sandbox {
    fn put(&mut self, at: u32, text: &str) -> (u32, u32) {
        self.memory[at as usize..at as usize + text.len()].copy_from_slice(text.as_bytes());
        (at, text.len() as u32)
    }

    fn call<T>(
        &mut self,
        body: impl FnOnce(&mut WasiCtx, &mut GuestMemory<'_>) -> WasiResult<T>,
    ) -> WasiResult<T> {
        body(&mut self.ctx, &mut GuestMemory::new(&mut self.memory))
    }

    /// `path_open` below the preopen; returns the new descriptor.
    fn open(
        &mut self,
        guest_path: &str,
        follow: bool,
        open_flags: u16,
        base: u64,
        fd_flags: u16,
    ) -> WasiResult<u32> {
        let (ptr, len) = self.put(PATH_AT, guest_path);
        let dirflags = if follow {
            lookupflags::SYMLINK_FOLLOW
        } else {
            0
        };
        let inheriting = rights::FILE | rights::DIRECTORY;
        self.call(|ctx, memory| {
            path_open::path_open(
                ctx,
                memory,
                ROOT,
                dirflags,
                ptr,
                len,
                open_flags.into(),
                base,
                inheriting,
                fd_flags.into(),
                OUT_AT,
            )
        })?;
        Ok(u32::from_le_bytes(
            self.memory[OUT_AT as usize..OUT_AT as usize + 4]
                .try_into()
                .unwrap(),
        ))
    }

    fn stat(&mut self, guest_path: &str) -> WasiResult {
        let (ptr, len) = self.put(PATH_AT, guest_path);
        self.call(|ctx, memory| {
            path::path_filestat_get(
                ctx,
                memory,
                ROOT,
                lookupflags::SYMLINK_FOLLOW,
                ptr,
                len,
                OUT_AT,
            )
        })
    }

    fn unlink(&mut self, guest_path: &str) -> WasiResult {
        let (ptr, len) = self.put(PATH_AT, guest_path);
        self.call(|ctx, memory| path::path_unlink_file(ctx, memory, ROOT, ptr, len))
    }

    fn mkdir(&mut self, guest_path: &str) -> WasiResult {
        let (ptr, len) = self.put(PATH_AT, guest_path);
        self.call(|ctx, memory| path::path_create_directory(ctx, memory, ROOT, ptr, len))
    }

    fn rename(&mut self, from: &str, to: &str) -> WasiResult {
        let (p1, l1) = self.put(PATH_AT, from);
        let (p2, l2) = self.put(PATH2_AT, to);
        self.call(|ctx, memory| path::path_rename(ctx, memory, ROOT, p1, l1, ROOT, p2, l2))
    }

    fn link(&mut self, from: &str, follow: bool, to: &str) -> WasiResult {
        let (p1, l1) = self.put(PATH_AT, from);
        let (p2, l2) = self.put(PATH2_AT, to);
        let flags = if follow {
            lookupflags::SYMLINK_FOLLOW
        } else {
            0
        };
        self.call(|ctx, memory| path::path_link(ctx, memory, ROOT, flags, p1, l1, ROOT, p2, l2))
    }

    fn symlink(&mut self, target: &str, at: &str) -> WasiResult {
        let (p1, l1) = self.put(PATH_AT, target);
        let (p2, l2) = self.put(PATH2_AT, at);
        self.call(|ctx, memory| path::path_symlink(ctx, memory, p1, l1, ROOT, p2, l2))
    }

    fn write(&mut self, fd: u32, bytes: &str) -> WasiResult {
        let (ptr, len) = self.put(PATH2_AT, bytes);
        self.memory[0..4].copy_from_slice(&ptr.to_le_bytes());
        self.memory[4..8].copy_from_slice(&len.to_le_bytes());
        self.call(|ctx, memory| fd_io::fd_write(ctx, memory, fd, 0, 1, OUT_AT))
    }

    fn secret_is_intact(&self) {
        assert_eq!(
            std::fs::read(self.outside.join("secret")).unwrap(),
            b"secret"
        );
        let names: Vec<_> = std::fs::read_dir(&self.outside)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["secret"], "nothing was created outside");
    }
}

/// Paths that lead outside the preopen, each a different way.
const ESCAPES: &[&str] = &[
    "/etc/passwd",
    "..",
    "../outside/secret",
    "sub/../../outside/secret",
    "abs",
    "rel",
    "chain1/secret",
    "up/outside/secret",
    "slash/etc/passwd",
    "sub/../up/outside/secret",
    "abs/",
    "up/",
    "chain1/",
    "up/.",
    "sub/../..",
];

#[test]
fn no_path_leaves_the_preopen() {
    let mut sandbox = sandbox(DirPerms::ReadWrite);
    for escape in ESCAPES {
        for follow in [false, true] {
            let opened = sandbox.open(escape, follow, 0, rights::FD_READ, 0);
            assert!(
                matches!(opened, Err(Errno::NotCapable | Errno::Loop)),
                "open {escape} (follow {follow}): {opened:?}"
            );
        }
        assert!(sandbox.stat(escape).is_err(), "stat {escape}");
        let _ = sandbox.unlink(&format!("{escape}/secret"));
        let _ = sandbox.mkdir(&format!("{escape}/new"));
        let _ = sandbox.rename(&format!("{escape}/secret"), "stolen");
        let _ = sandbox.rename("inside", &format!("{escape}/planted"));
        let _ = sandbox.link(escape, true, "hardlink");
        let _ = sandbox.symlink("x", &format!("{escape}/planted"));
        sandbox.secret_is_intact();
    }
    // Renaming or linking the links themselves is allowed: they stay links.
    assert_eq!(sandbox.rename("abs", "abs2"), Ok(()));
    assert!(sandbox.open("abs2", true, 0, rights::FD_READ, 0).is_err());
    assert!(
        std::fs::symlink_metadata(sandbox.outside.parent().unwrap().join("root/hardlink")).is_err(),
        "no hard link to an outside file"
    );
    sandbox.secret_is_intact();
}

#[test]
fn links_the_guest_creates_cannot_leave_either() {
    let mut sandbox = sandbox(DirPerms::ReadWrite);
    let outside = sandbox.outside.to_str().unwrap().to_string();
    assert_eq!(
        sandbox.symlink(&outside, "mine_abs"),
        Err(Errno::NotCapable),
        "absolute targets are refused"
    );
    for (target, name) in [
        ("../outside", "mine_rel"),
        ("mine_rel", "mine_chain"),
        ("sub/..", "mine_ok"),
    ] {
        sandbox.symlink(target, name).unwrap();
    }
    for escape in ["mine_rel/secret", "mine_chain/secret"] {
        assert_eq!(
            sandbox.open(escape, true, 0, rights::FD_READ, 0),
            Err(Errno::NotCapable),
            "{escape}"
        );
        assert_eq!(
            sandbox.open(
                escape,
                true,
                oflags::CREAT | oflags::TRUNC,
                rights::FD_WRITE,
                0
            ),
            Err(Errno::NotCapable),
            "{escape}"
        );
        assert_eq!(
            sandbox.link(escape, true, "stolen"),
            Err(Errno::NotCapable),
            "{escape}"
        );
    }
    // A link that stays inside works, and `..` inside the preopen is fine.
    let fd = sandbox
        .open("mine_ok/inside", true, 0, rights::FD_READ, 0)
        .unwrap();
    assert!(fd > ROOT);
    assert!(sandbox
        .open("sub/../inside", false, 0, rights::FD_READ, 0)
        .is_ok());
    sandbox.secret_is_intact();
}

#[test]
fn a_read_only_preopen_refuses_every_change() {
    let mut sandbox = sandbox(DirPerms::ReadOnly);
    let root = sandbox.outside.parent().unwrap().join("root");
    let before = std::fs::metadata(root.join("inside"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(
        sandbox.open("new", false, oflags::CREAT, rights::FD_WRITE, 0),
        Err(Errno::NotCapable)
    );
    assert_eq!(
        sandbox.open("inside", false, oflags::TRUNC, rights::FD_READ, 0),
        Err(Errno::NotCapable)
    );
    // Write rights are not handed on: the file opens for reading only.
    let fd = sandbox
        .open(
            "inside",
            false,
            0,
            rights::FD_READ | rights::FD_WRITE,
            fdflags::APPEND,
        )
        .unwrap();
    assert_eq!(sandbox.write(fd, "x"), Err(Errno::NotCapable));
    assert_eq!(
        fd_meta::fd_filestat_set_size(&mut sandbox.ctx, fd, 0),
        Err(Errno::NotCapable)
    );
    assert_eq!(
        fd_meta::fd_filestat_set_times(&mut sandbox.ctx, fd, 0, 0, 1),
        Err(Errno::NotCapable)
    );
    assert_eq!(
        fd_meta::fd_allocate(&mut sandbox.ctx, fd, 0, 100),
        Err(Errno::NotCapable)
    );
    assert_eq!(
        fd_meta::fd_fdstat_set_rights(&mut sandbox.ctx, fd, rights::FD_WRITE, 0),
        Err(Errno::NotCapable)
    );
    assert_eq!(
        fd_meta::fd_fdstat_set_rights(&mut sandbox.ctx, ROOT, rights::DIRECTORY, 0),
        Err(Errno::NotCapable)
    );
    assert_eq!(sandbox.unlink("inside"), Err(Errno::NotCapable));
    assert_eq!(sandbox.mkdir("dir"), Err(Errno::NotCapable));
    assert_eq!(sandbox.rename("inside", "moved"), Err(Errno::NotCapable));
    assert_eq!(
        sandbox.link("inside", false, "linked"),
        Err(Errno::NotCapable)
    );
    assert_eq!(
        sandbox.symlink("inside", "symlinked"),
        Err(Errno::NotCapable)
    );
    let (ptr, len) = sandbox.put(PATH_AT, "sub");
    assert_eq!(
        sandbox.call(|ctx, memory| path::path_remove_directory(ctx, memory, ROOT, ptr, len)),
        Err(Errno::NotCapable)
    );
    let (ptr, len) = sandbox.put(PATH_AT, "inside");
    assert_eq!(
        sandbox.call(|ctx, memory| path::path_filestat_set_times(
            ctx, memory, ROOT, 0, ptr, len, 0, 0, 5
        )),
        Err(Errno::NotCapable)
    );
    // A directory opened below it is read-only too.
    let sub = sandbox
        .open("sub", false, oflags::DIRECTORY, rights::DIRECTORY, 0)
        .unwrap();
    let (ptr, len) = sandbox.put(PATH_AT, "x");
    assert_eq!(
        sandbox.call(|ctx, memory| path::path_create_directory(ctx, memory, sub, ptr, len)),
        Err(Errno::NotCapable)
    );
    // Reading still works, and the file is unchanged.
    assert!(sandbox.stat("inside").is_ok());
    assert_eq!(std::fs::read(root.join("inside")).unwrap(), b"inside");
    assert_eq!(
        std::fs::metadata(root.join("inside"))
            .unwrap()
            .modified()
            .unwrap(),
        before
    );
    assert_eq!(
        std::fs::read_dir(&root).unwrap().count(),
        8,
        "nothing created or removed"
    );
}

#[test]
fn nothing_of_the_host_leaks_by_default() {
    let mut sandbox = Sandbox {
        ctx: WasiCtx::builder().build(),
        ..sandbox(DirPerms::ReadWrite)
    };
    use wasmlite_wasi::syscalls::args_env;
    sandbox
        .call(|ctx, memory| args_env::args_sizes_get(ctx, memory, 0, 4))
        .unwrap();
    sandbox
        .call(|ctx, memory| args_env::environ_sizes_get(ctx, memory, 8, 12))
        .unwrap();
    assert_eq!(&sandbox.memory[0..16], &[0; 16]);
    assert_eq!(
        sandbox.call(|ctx, memory| fd_meta::fd_prestat_get(ctx, memory, ROOT, 0)),
        Err(Errno::Badf)
    );
    // The standard streams are not directories: no path resolves through them (no cwd).
    let (ptr, len) = sandbox.put(PATH_AT, ".");
    for fd in 0..3 {
        assert_eq!(
            sandbox.call(|ctx, memory| path_open::path_open(
                ctx, memory, fd, 0, ptr, len, 0, 0, 0, 0, OUT_AT
            )),
            Err(Errno::NotDir)
        );
    }
}

#[test]
fn hostile_pointers_are_errors_not_crashes() {
    let mut sandbox = sandbox(DirPerms::ReadWrite);
    let end = sandbox.memory.len() as u32;
    for (ptr, len) in [(end, 1), (end - 1, 2), (u32::MAX, 1), (0, u32::MAX)] {
        let result = sandbox.call(|ctx, memory| {
            path_open::path_open(ctx, memory, ROOT, 0, ptr, len, 0, 0, 0, 0, OUT_AT)
        });
        assert!(
            matches!(result, Err(Errno::Fault | Errno::NameTooLong)),
            "{ptr} {len}: {result:?}"
        );
    }
    let (ptr, len) = sandbox.put(PATH_AT, "inside");
    assert_eq!(
        sandbox.call(|ctx, memory| path_open::path_open(
            ctx,
            memory,
            ROOT,
            0,
            ptr,
            len,
            0,
            0,
            0,
            0,
            end - 2
        )),
        Err(Errno::Fault)
    );
    assert_eq!(
        sandbox.call(|ctx, memory| path_open::path_open(
            ctx,
            memory,
            ROOT,
            0,
            ptr,
            len,
            1 << 9,
            0,
            0,
            0,
            OUT_AT
        )),
        Err(Errno::Inval)
    );
    assert_eq!(
        sandbox.call(|ctx, memory| path::path_filestat_get(
            ctx,
            memory,
            ROOT,
            0,
            ptr,
            len,
            end - 63
        )),
        Err(Errno::Fault)
    );
    assert_eq!(
        sandbox
            .call(|ctx, memory| path::path_readlink(ctx, memory, ROOT, ptr, len, end, 10, OUT_AT)),
        Err(Errno::Fault)
    );
}

/// A small deterministic generator (xorshift64*), so a failure names its seed.
struct Rng(u64, Option<u32>);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// An argument: mostly interesting values (planted strings, small numbers, edges).
    /// A planted string's pointer is followed by its length.
    fn arg(&mut self, planted: &[(u32, u32)]) -> u32 {
        if let Some(len) = self.1.take() {
            return len;
        }
        match self.next() % 8 {
            0 => self.next() as u32,
            1 => (self.next() % 8) as u32,
            2 | 3 => {
                let (ptr, len) = planted[(self.next() % planted.len() as u64) as usize];
                self.1 = Some(len);
                ptr
            }
            4 => planted[(self.next() % planted.len() as u64) as usize].1,
            5 => [0, u32::MAX, 65_535, 65_536, 1 << 31][(self.next() % 5) as usize],
            _ => (self.next() % 70_000) as u32,
        }
    }
}

#[test]
fn random_calls_never_crash_or_escape() {
    use wasmlite_wasi::syscalls::{args_env, clock, fd_dir, poll, proc, sock};
    let mut sandbox = sandbox(DirPerms::ReadWrite);
    let paths = [
        "inside",
        "sub",
        "sub/",
        "../outside/secret",
        "abs",
        "rel",
        "chain1/secret",
        "up/outside",
        ".",
        "..",
        "sub/../inside",
        "/etc",
    ];
    let mut succeeded = 0;
    for seed in 1..=4u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15), None);
        for byte in sandbox.memory.iter_mut() {
            *byte = rng.next() as u8;
        }
        let mut planted = Vec::new();
        let mut at = 40_000;
        for path in paths {
            planted.push(sandbox.put(at, path));
            at += 64;
        }
        for _ in 0..3_000 {
            let a: Vec<u32> = (0..9).map(|_| rng.arg(&planted)).collect();
            let wide = |i: usize| u64::from(a[i]) | (rng_bits(a[i]) << 32);
            let function = rng.next() % 44;
            if function == 37 {
                // Keep every clock a poll could wait on short.
                for i in 0..a[2].min(64) {
                    let timeout = a[0] as usize + 48 * i as usize + 24;
                    if let Some(slot) = sandbox.memory.get_mut(timeout..timeout + 8) {
                        slot.copy_from_slice(&1000u64.to_le_bytes());
                    }
                    let flags = a[0] as usize + 48 * i as usize + 40;
                    if let Some(slot) = sandbox.memory.get_mut(flags..flags + 2) {
                        slot.copy_from_slice(&[0, 0]);
                    }
                }
            }
            let result = sandbox.call(|ctx, m| match function {
                0 => args_env::args_get(ctx, m, a[0], a[1]),
                1 => args_env::args_sizes_get(ctx, m, a[0], a[1]),
                2 => args_env::environ_get(ctx, m, a[0], a[1]),
                3 => args_env::environ_sizes_get(ctx, m, a[0], a[1]),
                4 => clock::clock_res_get(ctx, m, a[0], a[1]),
                5 => clock::clock_time_get(ctx, m, a[0], wide(1), a[2]),
                6 => fd_meta::fd_advise(ctx, a[0], wide(1), wide(2), a[3]),
                7 => fd_meta::fd_allocate(ctx, a[0], wide(1) % 100_000, u64::from(a[2] % 100_000)),
                8 => fd_meta::fd_close(ctx, a[0] % 8),
                9 => fd_meta::fd_datasync(ctx, a[0]),
                10 => fd_meta::fd_fdstat_get(ctx, m, a[0], a[1]),
                11 => fd_meta::fd_fdstat_set_flags(ctx, a[0], a[1]),
                12 => fd_meta::fd_fdstat_set_rights(ctx, a[0], wide(1), wide(2)),
                13 => fd_meta::fd_filestat_get(ctx, m, a[0], a[1]),
                14 => fd_meta::fd_filestat_set_size(ctx, a[0], wide(1) % 100_000),
                15 => fd_meta::fd_filestat_set_times(ctx, a[0], wide(1), wide(2), a[3]),
                16 => fd_io::fd_pread(ctx, m, a[0], a[1], a[2], wide(3), a[4]),
                17 => fd_meta::fd_prestat_get(ctx, m, a[0], a[1]),
                18 => fd_meta::fd_prestat_dir_name(ctx, m, a[0], a[1], a[2]),
                19 => fd_io::fd_pwrite(ctx, m, a[0], a[1], a[2], wide(3) % 100_000, a[4]),
                20 => fd_io::fd_read(ctx, m, a[0], a[1], a[2], a[3]),
                21 => fd_dir::fd_readdir(ctx, m, a[0], a[1], a[2], wide(3), a[4]),
                22 => fd_meta::fd_renumber(ctx, a[0] % 8, a[1] % 8),
                23 => fd_io::fd_seek(ctx, m, a[0], wide(1), a[2], a[3]),
                24 => fd_meta::fd_sync(ctx, a[0]),
                25 => fd_io::fd_tell(ctx, m, a[0], a[1]),
                26 => fd_io::fd_write(ctx, m, a[0], a[1], a[2], a[3]),
                27 => path::path_create_directory(ctx, m, a[0], a[1], a[2]),
                28 => path::path_filestat_get(ctx, m, a[0], a[1], a[2], a[3], a[4]),
                29 => path::path_filestat_set_times(
                    ctx,
                    m,
                    a[0],
                    a[1],
                    a[2],
                    a[3],
                    wide(4),
                    wide(5),
                    a[6],
                ),
                30 => path::path_link(ctx, m, a[0], a[1], a[2], a[3], a[4], a[5], a[6]),
                31 => path_open::path_open(
                    ctx,
                    m,
                    a[0],
                    a[1],
                    a[2],
                    a[3],
                    a[4],
                    wide(5),
                    wide(6),
                    a[7],
                    a[8],
                ),
                32 => path::path_readlink(ctx, m, a[0], a[1], a[2], a[3], a[4], a[5]),
                33 => path::path_remove_directory(ctx, m, a[0], a[1], a[2]),
                34 => path::path_rename(ctx, m, a[0], a[1], a[2], a[3], a[4], a[5]),
                35 => path::path_symlink(ctx, m, a[0], a[1], a[2], a[3], a[4]),
                36 => path::path_unlink_file(ctx, m, a[0], a[1], a[2]),
                37 => poll::poll_oneoff(ctx, m, a[0], a[1], a[2], a[3]),
                38 => proc::proc_raise(ctx, a[0]),
                39 => proc::sched_yield(ctx),
                40 => proc::random_get(ctx, m, a[0], a[1]),
                41 => sock::sock_accept(ctx, a[0], a[1], a[2]),
                42 => sock::sock_recv(ctx, a[0], a[1], a[2], a[3], a[4], a[5]),
                _ => sock::sock_send(ctx, a[0], a[1], a[2], a[3], a[4]),
            });
            succeeded += usize::from(result.is_ok());
            sandbox.secret_is_intact();
        }
    }
    assert!(
        succeeded > 1_000,
        "the calls do something ({succeeded} succeeded)"
    );
    let parent = sandbox.outside.parent().unwrap().to_path_buf();
    let mut names: Vec<_> = std::fs::read_dir(&parent)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["outside", "root"],
        "nothing was created beside the preopen"
    );
}

/// High bits for a 64-bit argument, derived from a 32-bit one (often zero).
fn rng_bits(low: u32) -> u64 {
    if low.is_multiple_of(3) {
        u64::from(low.rotate_left(7))
    } else {
        0
    }
}
