/**
 * WASI 0.2 ({@code wasi:cli}, {@code wasi:io}, {@code wasi:clocks}, {@code wasi:random},
 * {@code wasi:filesystem}) for guests on this host, written in Java on the bindings our generator
 * makes from the WASI WIT at build time ({@code dev.wasiotel.host.wasi.bindings}).
 *
 * <p>Entry points: {@link dev.wasiotel.host.wasi.WasiConfig} says what the guest sees (arguments,
 * environment, standard streams, preopened directories, clocks, random sources) and
 * {@link dev.wasiotel.host.wasi.Wasi} turns it into host functions for
 * {@code ChicoryHost.builder().addAll(...)} or the component loader. A guest calling
 * {@code wasi:cli/exit} ends with a {@link dev.wasiotel.host.wasi.WasiExit}.
 *
 * <p>What a guest cannot do, whatever it passes:
 * <ul>
 *   <li>see any host directory that was not preopened, or leave a preopened one through
 *       {@code ..}, an absolute path or a symbolic link ({@code not-permitted});</li>
 *   <li>change anything below a read-only preopen ({@code read-only});</li>
 *   <li>make the host allocate what it names: reads return at most 64 KiB per call, writes are
 *       limited by {@code check-write}'s permit (64 KiB) or 4096 bytes for blocking writes, random
 *       requests by 1 MiB (beyond that it traps);</li>
 *   <li>hold more host files and directory listings than
 *       {@link dev.wasiotel.host.wasi.WasiConfig#maxOpenFiles()} (per guest instance); dropping a handle closes its host
 *       file once no stream uses it, and {@link dev.wasiotel.host.wasi.Wasi#close()} closes what is
 *       left.</li>
 * </ul>
 *
 * <p>{@code wasi:http} is in {@link dev.wasiotel.host.wasi.http}. Not provided: {@code
 * wasi:sockets} (importing it is a link error naming each missing function), and {@code
 * wasi:clocks/timezone} (unstable, feature-gated in the WIT). The standard streams are never
 * terminals. Pollables are ready at once except clock deadlines and {@link
 * dev.wasiotel.host.wasi.AsyncPollable}s (HTTP bodies and responses, woken by the network); stdin
 * reads block on the embedder's stream until it delivers a byte.
 */
package dev.wasiotel.host.wasi;
