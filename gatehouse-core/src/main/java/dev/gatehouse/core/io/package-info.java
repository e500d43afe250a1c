/** Event loops: one platform thread per loop, running the I/O, tasks and timers of the channels registered with it. */
package dev.gatehouse.core.io;
