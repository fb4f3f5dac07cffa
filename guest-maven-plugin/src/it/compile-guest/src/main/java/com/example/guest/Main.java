package com.example.guest;

import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.chicory.ChicoryHost;
import dev.wasiotel.wit.runtime.chicory.ChicoryModule;
import dev.wasiotel.wit.runtime.chicory.ExecutionMode;
import dev.wasiotel.wit.runtime.chicory.PrecompiledMachines;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the guest compiled at build time and says whether its machine came from the class path. */
public final class Main {
    public static void main(String[] args) throws Exception {
        // the machines on the class path; the module is parsed from its stripped copy there
        PrecompiledMachines machines = PrecompiledMachines.classPath(Main.class.getClassLoader());
        ChicoryModule module = ChicoryHost.parse(Files.readAllBytes(Path.of(args[0])), machines);
        GuestInstance guest = ChicoryHost.builder().executionMode(ExecutionMode.COMPILER).build().instantiate(module);
        long sum = guest.call("add", 40, 2)[0];
        System.out.println("add(40, 2) = " + sum + ", precompiled: " + module.isPrecompiled() + ", stripped: "
                + module.isStripped());
    }
}
