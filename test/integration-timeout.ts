// Integration specs wait on real servers and processes; each still polls with its own deadline.
jest.setTimeout(180000);
