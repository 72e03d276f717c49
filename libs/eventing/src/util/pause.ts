/** A wait that `interrupt()` cuts short, so a polling loop stops at once when asked to. */
export class Pause {
  private cut?: () => void;

  for(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.cut = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  interrupt(): void {
    this.cut?.();
  }
}
