# KVM/QEMU-specific code and the demo guest (issue: real guests)
