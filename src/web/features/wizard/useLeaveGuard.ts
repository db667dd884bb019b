import { App } from 'antd';
import { useEffect } from 'react';
import { useBlocker } from 'react-router';

const MESSAGE = '当前页面有未暂存的修改，离开后这些修改将丢失。确定离开吗？';

/** Ask before leaving (in-app navigation or closing the tab) while there are unsaved changes. */
export function useLeaveGuard(dirty: boolean): void {
  const { modal } = App.useApp();
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);

  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    modal.confirm({
      title: '尚未暂存',
      content: MESSAGE,
      okText: '离开',
      cancelText: '留在本页',
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
  }, [blocker, modal]);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = MESSAGE;
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);
}

export const UNSAVED_MESSAGE = MESSAGE;
