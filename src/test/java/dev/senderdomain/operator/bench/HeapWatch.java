package dev.senderdomain.operator.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Peak heap of this JVM during a phase, two ways: the largest heap in use after any GC (the live
 * set, what must fit under -Xmx) and the sum of the heap pools' peaks (an upper bound including
 * garbage not yet collected).
 */
final class HeapWatch implements AutoCloseable {
  private final AtomicLong maxAfterGc = new AtomicLong();
  private final List<Runnable> unsubscribe = new ArrayList<>();

  HeapWatch() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
    NotificationListener listener =
        (n, handback) -> {
          if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
              n.getType())) {
            return;
          }
          var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
          long used =
              info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                      .mapToLong(MemoryUsage::getUsed)
                      .sum()
                  - nonHeap(info);
          maxAfterGc.accumulateAndGet(used, Math::max);
        };
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      NotificationEmitter e = (NotificationEmitter) gc;
      e.addNotificationListener(listener, null, null);
      unsubscribe.add(
          () -> {
            try {
              e.removeNotificationListener(listener);
            } catch (Exception ignored) {
              // already gone
            }
          });
    }
  }

  /** Non-heap pools (metaspace, code cache) also appear in the GC info; they are not heap. */
  private static long nonHeap(GarbageCollectionNotificationInfo info) {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.NON_HEAP) {
        MemoryUsage u = info.getGcInfo().getMemoryUsageAfterGc().get(p.getName());
        sum += u == null ? 0 : u.getUsed();
      }
    }
    return sum;
  }

  long peakLiveAfterGc() {
    return maxAfterGc.get();
  }

  long peakPoolsSum() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** Heap in use right after a full GC. */
  static long liveNow() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Override
  public void close() {
    unsubscribe.forEach(Runnable::run);
  }
}
