package dev.feedline.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the heap that start-up needed back to the operating system. Migrations, the broker and the web
 * server leave a heap far larger than the server uses at rest, and G1 does not shrink it while idle; on the
 * small hosts Feedline targets that is resident memory for nothing. One full collection with low heap-free
 * ratios (both flags are manageable at run time) shrinks it, then the JVM's defaults are put back.
 */
final class StartupTrim {
    private static final Logger log = LoggerFactory.getLogger(StartupTrim.class);

    private StartupTrim() {}

    static void run() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            String min = vm.getVMOption("MinHeapFreeRatio").getValue();
            String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
            // Lowered minimum first and raised back last: the JVM refuses a minimum above the maximum.
            vm.setVMOption("MinHeapFreeRatio", "10");
            vm.setVMOption("MaxHeapFreeRatio", "20");
            System.gc();
            vm.setVMOption("MaxHeapFreeRatio", max);
            vm.setVMOption("MinHeapFreeRatio", min);
        } catch (RuntimeException e) {
            log.atDebug().setCause(e).log("could not trim the heap after start-up");
        }
    }
}
