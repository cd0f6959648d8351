package dev.senderdomain.operator.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The JVM and process metrics next to the operator's own (heap and non-heap by pool, GC pauses,
 * threads, classes, CPU, open file descriptors, uptime), with Micrometer's standard names ({@code
 * jvm_memory_used_bytes}, {@code process_cpu_usage}, ...) that the usual JVM dashboards and alerts
 * expect. The operator's heap is sized from the container limit, so memory is what an operator of
 * the operator looks at first.
 */
public final class RuntimeMetrics {
  private RuntimeMetrics() {}

  /**
   * Binds the JVM and process meters; the GC binder holds listeners, closed with the returned
   * handle.
   */
  public static AutoCloseable bindTo(MeterRegistry registry) {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    // JIT time: most of a young operator's CPU (docs/performance.md, section 6).
    new JvmCompilationMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    return gc;
  }
}
